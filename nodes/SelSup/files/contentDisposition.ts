/**
 * The file name in a Content-Disposition header (RFC 6266): `filename*` (RFC 5987, e.g.
 * `UTF-8''%D0%9E%D1%81%D1%82%D0%B0%D1%82%D0%BA%D0%B8.xlsx`) wins over `filename`, quoted or not.
 */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const params = parseParams(header);
	const extended = params.get('filename*');
	if (extended) {
		const decoded = decodeExtended(extended);
		if (decoded) return decoded;
	}
	const plain = params.get('filename');
	if (plain) return decodeLoose(plain);
	return undefined;
}

/** Splits `type; a=1; b="x; y"` into parameters, honouring quotes and backslash escapes. */
function parseParams(header: string): Map<string, string> {
	const params = new Map<string, string>();
	const re = /;\s*([^\s=;]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]*)/g;
	let match: RegExpExecArray | null;
	while ((match = re.exec(header)) !== null) {
		const name = match[1].toLowerCase();
		const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2].trim();
		if (!params.has(name)) params.set(name, value);
	}
	return params;
}

function decodeExtended(value: string): string | undefined {
	const m = /^([\w!#$%&+^`{}~-]*)'[\w-]*'(.*)$/.exec(value.replace(/^"|"$/g, ''));
	if (!m) return undefined;
	const charset = m[1].toLowerCase();
	try {
		if (charset === 'utf-8' || charset === 'utf8' || charset === '') return decodeURIComponent(m[2]);
		// ISO-8859-1 and the like: each %XX is one byte, one character.
		return m[2].replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	} catch {
		return undefined;
	}
}

/**
 * Servers in the wild put percent-encoded UTF-8, or raw UTF-8 read as Latin-1, into plain `filename`:
 * both are turned back into the name the server meant.
 */
function decodeLoose(value: string): string {
	let name = value;
	if (/%[0-9a-f]{2}/i.test(name)) {
		try {
			name = decodeURIComponent(name);
		} catch {
			// Not percent-encoding after all.
		}
	}
	if (/[\u0080-\u00ff]/.test(name) && !/[\u0100-\uffff]/.test(name)) {
		const utf8 = Buffer.from(name, 'latin1').toString('utf8');
		if (!utf8.includes('\ufffd')) name = utf8;
	}
	return name;
}
