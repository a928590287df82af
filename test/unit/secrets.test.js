import { Scrubber } from '../../nodes/SelSup/transport/secrets';

const TOKEN = 'tok-SECRET-4f9a2c';

describe('Scrubber', () => {
	it('replaces every occurrence of a secret in text', () => {
		const s = new Scrubber([TOKEN]);
		expect(s.text(`Authorization: ${TOKEN}; again ${TOKEN}!`)).toBe('Authorization: ***; again ***!');
		expect(s.text('nothing here')).toBe('nothing here');
	});

	it('replaces the URL-encoded form too', () => {
		const pw = 'p@ss word/Пароль';
		const s = new Scrubber([pw]);
		const url = `https://x.test/check?password=${encodeURIComponent(pw)}&login=a`;
		expect(s.text(url)).toBe('https://x.test/check?password=***&login=a');
		expect(s.text(`raw ${pw}`)).toBe('raw ***');
	});

	it('ignores missing and very short secrets (they would blank ordinary words)', () => {
		const s = new Scrubber([undefined, '', 'ab', 'abc']);
		expect(s.text('abc ab a')).toBe('abc ab a');
		s.add('abc');
		s.add(undefined);
		expect(s.text('abc ab a')).toBe('abc ab a');
		s.add('abcd');
		expect(s.text('xabcdx')).toBe('x***x');
	});

	it('add() takes secrets learnt later, once', () => {
		const s = new Scrubber([TOKEN]);
		s.add('commerce-pw-123');
		s.add('commerce-pw-123');
		expect(s.text(`${TOKEN} commerce-pw-123`)).toBe('*** ***');
	});

	it('value() deep-copies objects and arrays with every string scrubbed, other values kept', () => {
		const s = new Scrubber([TOKEN]);
		const buf = Buffer.from(TOKEN);
		const input = {
			a: `x${TOKEN}`,
			n: 5,
			b: true,
			nil: null,
			list: [TOKEN, { deep: [`${TOKEN}y`] }],
			buf,
		};
		const out = s.value(input);
		expect(out).toEqual({ a: 'x***', n: 5, b: true, nil: null, list: ['***', { deep: ['***y'] }], buf });
		expect(out.buf).toBe(buf);
		// The input is not changed.
		expect(input.a).toBe(`x${TOKEN}`);
		expect(JSON.stringify(out).includes(TOKEN)).toBe(false);
		expect(s.value(TOKEN)).toBe('***');
		expect(s.value(42)).toBe(42);
	});
});
