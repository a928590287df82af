/** The file kinds SelSup hands out, with what identifies them. */
const BY_EXTENSION: Record<string, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	xls: 'application/vnd.ms-excel',
	pdf: 'application/pdf',
	xml: 'application/xml',
	zip: 'application/zip',
	csv: 'text/csv',
	json: 'application/json',
	txt: 'text/plain',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const EXTENSION_BY_MIME = new Map<string, string>(
	Object.entries(BY_EXTENSION)
		.filter(([ext]) => ext !== 'jpeg')
		.map(([ext, mime]) => [mime, ext]),
);
EXTENSION_BY_MIME.set('text/xml', 'xml');

/** How many leading bytes `sniff` needs to tell the kinds apart (xlsx vs zip needs a look into the archive). */
export const SNIFF_BYTES = 4096;

export function mimeFromExtension(fileName: string | undefined): string | undefined {
	const ext = fileName?.split('.').pop()?.toLowerCase();
	return ext && fileName!.includes('.') ? BY_EXTENSION[ext] : undefined;
}

export function extensionFromMime(mime: string): string | undefined {
	return EXTENSION_BY_MIME.get(mime);
}

/** The MIME type from the first bytes of a file, when the server says only `application/octet-stream`. */
export function sniff(head: Buffer): string | undefined {
	if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) {
		// An Office file is a ZIP whose first entries name its parts.
		const text = head.toString('latin1');
		if (text.includes('xl/')) return BY_EXTENSION.xlsx;
		if (text.includes('word/')) return BY_EXTENSION.docx;
		return BY_EXTENSION.zip;
	}
	if (head.length >= 4 && head.subarray(0, 4).toString('latin1') === '%PDF') return BY_EXTENSION.pdf;
	if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) return BY_EXTENSION.xls;
	if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47) return BY_EXTENSION.png;
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return BY_EXTENSION.jpg;
	const text = head.toString('utf8').replace(/^\ufeff/, '').trimStart();
	if (text.startsWith('<?xml') || /^<[A-Za-z_][\w:.-]*[\s>]/.test(text) && !/^<(!doctype html|html)/i.test(text)) {
		return BY_EXTENSION.xml;
	}
	if (text.startsWith('{') || text.startsWith('[')) return BY_EXTENSION.json;
	return undefined;
}

/** The type a download is given: the server's when it is specific, else the bytes', else the name's. */
export function chooseMime(serverType: string | undefined, head: Buffer, fileName: string | undefined): string {
	const declared = serverType?.split(';')[0].trim().toLowerCase();
	const generic = !declared || declared === 'application/octet-stream' || declared === 'application/x-download' || declared === 'application/force-download' || declared === 'binary/octet-stream';
	if (!generic) {
		// A ZIP-declared workbook is still a workbook for Extract From File.
		if (declared === 'application/zip' || declared === 'application/x-zip-compressed') return sniff(head) ?? declared;
		return declared;
	}
	const sniffed = sniff(head);
	const named = mimeFromExtension(fileName);
	// An Office file whose parts lie past the sniffed bytes looks like a plain ZIP: its name decides.
	if (sniffed === BY_EXTENSION.zip && named && named.startsWith('application/vnd.openxmlformats')) return named;
	return sniffed ?? named ?? 'application/octet-stream';
}
