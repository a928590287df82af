const nock = require('nock');

/** No real network in a test file: nock answers, except for 127.0.0.1 (the local sandbox). */
export function setupNock() {
	beforeAll(() => {
		nock.disableNetConnect();
		nock.enableNetConnect('127.0.0.1');
	});
	afterEach(() => {
		nock.cleanAll();
	});
	afterAll(() => {
		nock.enableNetConnect();
		nock.restore();
	});
}
