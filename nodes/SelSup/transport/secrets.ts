/**
 * Removes secrets (the API token, a CommerceML password) from any text that may reach the user:
 * n8n's HTTP layer puts request headers and URLs into its errors, so nothing is trusted to be clean.
 */
export class Scrubber {
	private readonly secrets: string[];

	constructor(secrets: Array<string | undefined>) {
		// Very short strings would blank out ordinary words; a real token is long.
		this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
	}

	add(secret: string | undefined): void {
		if (typeof secret === 'string' && secret.length >= 4 && !this.secrets.includes(secret)) {
			this.secrets.push(secret);
		}
	}

	text(value: string): string {
		let out = value;
		for (const secret of this.secrets) {
			if (out.includes(secret)) out = out.split(secret).join('***');
			const encoded = encodeURIComponent(secret);
			if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('***');
		}
		return out;
	}

	/** Deep copy with every string scrubbed. */
	value<T>(input: T): T {
		if (typeof input === 'string') return this.text(input) as unknown as T;
		if (Array.isArray(input)) return input.map((v) => this.value(v)) as unknown as T;
		if (input && typeof input === 'object' && !Buffer.isBuffer(input)) {
			const out: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(input)) out[k] = this.value(v);
			return out as T;
		}
		return input;
	}
}
