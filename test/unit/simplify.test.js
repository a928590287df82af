/**
 * Simplify's result link (tasks/simplify.ts): where SelSup's task links point, from SelSup's README of the
 * API (a task's `url` may be absolute or a path on the API host, `file` a path read through
 * `/files/file?path=`), joined as the client joins a path: below the base URL's own path.
 */
import { resultLink, simplifyTask } from '../../nodes/SelSup/tasks/simplify';

const TOKEN = 'tok-SECRET-77';
const base = (url) => ({ baseUrl: new URL(url), scrubber: { text: (s) => s.split(TOKEN).join('***') } });

test.each([
	['https://api.selsup.ru', { url: '/files/file?path=a/b.xlsx' }, 'https://api.selsup.ru/files/file?path=a/b.xlsx'],
	// A dedicated server under a path of its own keeps that path.
	['https://selsup.example.com/selsup/', { url: '/api/files/file?path=a.xlsx' }, 'https://selsup.example.com/selsup/api/files/file?path=a.xlsx'],
	['https://api.selsup.ru', { url: 'https://cdn.selsup.example/a.xlsx' }, 'https://cdn.selsup.example/a.xlsx'],
	['https://api.selsup.ru', { file: 'tasks/1/a b.xlsx' }, 'https://api.selsup.ru/files/file?path=tasks%2F1%2Fa%20b.xlsx'],
	// A user and password in the base URL are not copied into a link.
	['https://user:pass@api.selsup.ru', { url: '/files/file?path=a.xlsx' }, 'https://api.selsup.ru/files/file?path=a.xlsx'],
	['https://api.selsup.ru', { url: `https://cdn.selsup.example/a.xlsx?token=${TOKEN}` }, 'https://cdn.selsup.example/a.xlsx?token=***'],
])('base %s, task %j → %s', (baseUrl, task, link) => {
	expect(resultLink({ id: 1, status: 'FINISHED', ...task }, base(baseUrl))).toBe(link);
});

test('no result: no link; a null url stays null in Simplify, so every row has the same columns', () => {
	expect(resultLink({ id: 1, status: 'RUNNING' }, base('https://api.selsup.ru'))).toBeUndefined();
	expect(simplifyTask({ id: 1, status: 'RUNNING', url: null }, base('https://api.selsup.ru'))).toEqual({ id: 1, status: 'RUNNING', statusLabel: 'Running', url: null });
});

test('a type SelSup added after the catalogue: its words, the trailing "Task" dropped; a non-code as it came', () => {
	const out = (type) => simplifyTask({ id: 1, status: 'NEW_STATUS', type }, base('https://api.selsup.ru'));
	expect(out('OZON_SOMETHING_NEW_TASK')).toMatchObject({ typeLabel: 'Ozon Something New', statusLabel: 'New Status' });
	expect(out('stocksFile').typeLabel).toBe('stocksFile');
});
