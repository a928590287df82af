/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// test/e2e/ drives a real n8n instance with its own runner; not part of `jest`.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	// Tests run the node through n8n-core's real execution machinery (first import is slow).
	testTimeout: 20000,
};
