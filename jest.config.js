/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	// Tests are JavaScript: `n8n-node lint` lints every .ts file of the project with the rules for node code
	// (no process, setTimeout, fs or nock), which test code needs. ts-jest compiles the node's TypeScript
	// sources the tests import, and the tests' own ES module syntax.
	testMatch: ['**/*.test.js'],
	transform: { '^.+\\.[jt]s$': ['ts-jest', { tsconfig: { allowJs: true, esModuleInterop: true, resolveJsonModule: true } }] },
	// test/e2e/ drives a real n8n instance with its own runner; not part of `jest`.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	// Tests run the node through n8n-core's real execution machinery (first import is slow).
	testTimeout: 20000,
};
