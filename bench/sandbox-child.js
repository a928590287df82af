'use strict';
/**
 * The sandbox in its own process, so that its work (building files, answering polls) does not share
 * the event loop and CPU time slices of the process being measured. Reports its URL over IPC.
 */
const { startSandbox } = require('../sandbox');

startSandbox({ port: 0, token: process.env.BENCH_TOKEN || 'bench-token', taskDurationMs: 5000 }).then(
	(sb) => {
		process.send({ url: sb.url });
		process.on('disconnect', () => sb.close().then(() => process.exit(0)));
	},
	(e) => {
		console.error(e);
		process.exit(1);
	},
);
