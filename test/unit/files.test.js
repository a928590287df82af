import { fileNameFromDisposition } from '../../nodes/SelSup/files/contentDisposition';
import { finalName } from '../../nodes/SelSup/files/download';
import { chooseMime, sniff } from '../../nodes/SelSup/files/mime';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A ZIP local file header naming its first entry, as an xlsx / a plain zip starts. */
function zipHead(entryName) {
	const header = Buffer.alloc(30);
	header.writeUInt32LE(0x04034b50, 0);
	header.writeUInt16LE(Buffer.byteLength(entryName), 26);
	return Buffer.concat([header, Buffer.from(entryName), Buffer.alloc(64)]);
}

const BYTES = {
	xlsx: zipHead('xl/workbook.xml'),
	docx: zipHead('word/document.xml'),
	zip: zipHead('image-001.png'),
	xls: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(56)]),
	pdf: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1'),
	xml: Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Файл ИдФайл="1"/>'),
	xmlNoDecl: Buffer.from('\ufeff  <Invoice id="1"></Invoice>'),
	png: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(24)]),
	jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
	json: Buffer.from('{"rows": []}'),
	html: Buffer.from('<!DOCTYPE html><html><body>Maintenance</body></html>'),
	text: Buffer.from('just some text'),
};

describe('fileNameFromDisposition', () => {
	it('reads a quoted filename, with escapes and a ; inside the quotes', () => {
		expect(fileNameFromDisposition('attachment; filename="stocks.xlsx"')).toBe('stocks.xlsx');
		expect(fileNameFromDisposition('attachment; filename="a \\"b\\"; c.pdf"')).toBe('a "b"; c.pdf');
	});

	it('reads an unquoted filename, trimmed, stopping at the next parameter', () => {
		expect(fileNameFromDisposition('attachment; filename=labels.pdf; size=10')).toBe('labels.pdf');
		expect(fileNameFromDisposition('attachment;filename=  labels.pdf  ')).toBe('labels.pdf');
		expect(fileNameFromDisposition('ATTACHMENT; FILENAME=Upper.XML')).toBe('Upper.XML');
	});

	it('decodes RFC 5987 filename* with Cyrillic UTF-8', () => {
		expect(fileNameFromDisposition("attachment; filename*=UTF-8''%D0%9E%D1%81%D1%82%D0%B0%D1%82%D0%BA%D0%B8.xlsx")).toBe('Остатки.xlsx');
		expect(fileNameFromDisposition("attachment; filename*=utf-8'ru'%D0%90%D0%BA%D1%82%201.xlsx")).toBe('Акт 1.xlsx');
		expect(fileNameFromDisposition("attachment; filename*=ISO-8859-1''caf%E9.txt")).toBe('café.txt');
	});

	it('prefers filename* over filename, in either order', () => {
		const star = "filename*=UTF-8''%D0%97%D0%B0%D0%BA%D0%B0%D0%B7.pdf";
		expect(fileNameFromDisposition(`attachment; filename="order.pdf"; ${star}`)).toBe('Заказ.pdf');
		expect(fileNameFromDisposition(`attachment; ${star}; filename="order.pdf"`)).toBe('Заказ.pdf');
	});

	it('falls back to filename when filename* is broken', () => {
		expect(fileNameFromDisposition('attachment; filename*=UTF-8\'\'%E0%A4%A; filename="ok.xlsx"')).toBe('ok.xlsx');
		expect(fileNameFromDisposition('attachment; filename*=no-quotes-here; filename=ok.xlsx')).toBe('ok.xlsx');
	});

	it('gives undefined without a file name', () => {
		expect(fileNameFromDisposition(undefined)).toBeUndefined();
		expect(fileNameFromDisposition('')).toBeUndefined();
		expect(fileNameFromDisposition('attachment')).toBeUndefined();
		expect(fileNameFromDisposition('inline; size=12')).toBeUndefined();
	});

	it('repairs UTF-8 read as Latin-1 (mojibake) and percent-encoded UTF-8 in plain filename', () => {
		const mojibake = Buffer.from('Остатки склада.xlsx', 'utf8').toString('latin1');
		expect(mojibake).not.toBe('Остатки склада.xlsx');
		expect(fileNameFromDisposition(`attachment; filename="${mojibake}"`)).toBe('Остатки склада.xlsx');
		expect(fileNameFromDisposition('attachment; filename="%D0%90%D0%BA%D1%82.xlsx"')).toBe('Акт.xlsx');
	});

	it('leaves genuine Latin-1 names alone (they are not valid UTF-8)', () => {
		expect(fileNameFromDisposition('attachment; filename="café.txt"')).toBe('café.txt');
		expect(fileNameFromDisposition('attachment; filename="100%.txt"')).toBe('100%.txt');
	});
});

describe('sniff', () => {
	it.each([
		['xlsx', XLSX],
		['docx', DOCX],
		['zip', 'application/zip'],
		['xls', 'application/vnd.ms-excel'],
		['pdf', 'application/pdf'],
		['xml', 'application/xml'],
		['xmlNoDecl', 'application/xml'],
		['png', 'image/png'],
		['jpg', 'image/jpeg'],
		['json', 'application/json'],
	])('recognises %s', (kind, mime) => {
		expect(sniff(BYTES[kind])).toBe(mime);
	});

	it('does not take an HTML page or plain text for a known kind', () => {
		expect(sniff(BYTES.html)).toBeUndefined();
		expect(sniff(BYTES.text)).toBeUndefined();
		expect(sniff(Buffer.alloc(0))).toBeUndefined();
		expect(sniff(Buffer.from('PK'))).toBeUndefined();
	});
});

describe('chooseMime', () => {
	it.each([
		['xlsx', XLSX],
		['xls', 'application/vnd.ms-excel'],
		['pdf', 'application/pdf'],
		['xml', 'application/xml'],
		['zip', 'application/zip'],
		['png', 'image/png'],
	])('application/octet-stream with %s bytes → the bytes decide', (kind, mime) => {
		expect(chooseMime('application/octet-stream', BYTES[kind], undefined)).toBe(mime);
		expect(chooseMime('application/octet-stream; charset=binary', BYTES[kind], 'file.bin')).toBe(mime);
		expect(chooseMime(undefined, BYTES[kind], undefined)).toBe(mime);
		expect(chooseMime('application/force-download', BYTES[kind], undefined)).toBe(mime);
	});

	it('keeps a specific server type, without its parameters, even if the bytes say otherwise', () => {
		expect(chooseMime('application/pdf', BYTES.xlsx, 'x.xlsx')).toBe('application/pdf');
		expect(chooseMime('text/csv; charset=utf-8', BYTES.text, 'x.csv')).toBe('text/csv');
		expect(chooseMime('Application/VND.ms-excel', BYTES.xls, undefined)).toBe('application/vnd.ms-excel');
		expect(chooseMime('text/xml', BYTES.xml, undefined)).toBe('text/xml');
	});

	it('a workbook declared as ZIP is a workbook; a real ZIP stays ZIP', () => {
		expect(chooseMime('application/zip', BYTES.xlsx, undefined)).toBe(XLSX);
		expect(chooseMime('application/zip', BYTES.zip, 'photos.zip')).toBe('application/zip');
		expect(chooseMime('application/x-zip-compressed', BYTES.text, undefined)).toBe('application/x-zip-compressed');
	});

	it('unknown bytes under a generic type: the name decides, else octet-stream', () => {
		expect(chooseMime('application/octet-stream', BYTES.text, 'stocks.csv')).toBe('text/csv');
		expect(chooseMime('application/octet-stream', BYTES.text, 'noext')).toBe('application/octet-stream');
		expect(chooseMime('application/octet-stream', BYTES.text, undefined)).toBe('application/octet-stream');
	});

	it('an Office file whose parts are beyond the sniffed bytes is named by its file name', () => {
		expect(chooseMime('application/octet-stream', BYTES.zip, 'report.xlsx')).toBe(XLSX);
		expect(chooseMime('application/octet-stream', BYTES.zip, 'images.zip')).toBe('application/zip');
	});
});

describe('finalName', () => {
	it('adds the extension of the type when it is missing or different', () => {
		expect(finalName('stocks', XLSX)).toBe('stocks.xlsx');
		expect(finalName('labels', 'application/pdf')).toBe('labels.pdf');
		expect(finalName('invoice.bin', 'application/xml')).toBe('invoice.bin.xml');
		expect(finalName('report.xls', XLSX)).toBe('report.xls.xlsx');
	});

	it('keeps a name that already has the right extension (any case)', () => {
		expect(finalName('Остатки.xlsx', XLSX)).toBe('Остатки.xlsx');
		expect(finalName('REPORT.XLSX', XLSX)).toBe('REPORT.XLSX');
		expect(finalName('waybill.xml', 'text/xml')).toBe('waybill.xml');
		expect(finalName('photo.jpeg', 'image/jpeg')).toBe('photo.jpeg');
	});

	it('leaves the name alone for a type without a known extension', () => {
		expect(finalName('blob.dat', 'application/octet-stream')).toBe('blob.dat');
	});

	it('strips path separators, reserved characters and leading dots', () => {
		const name = finalName('../../etc/passwd', 'application/pdf');
		expect(name).not.toMatch(/[\\/]/);
		expect(name.startsWith('.')).toBe(false);
		expect(name.endsWith('.pdf')).toBe(true);
		expect(finalName('a\\b/c.pdf', 'application/pdf')).toBe('a_b_c.pdf');
		expect(finalName('what?<*>|:".pdf', 'application/pdf')).toBe('what.pdf');
		expect(finalName('line\r\nbreak.pdf', 'application/pdf')).toBe('linebreak.pdf');
	});

	it('gives a default name when nothing is left', () => {
		expect(finalName('', XLSX)).toBe('selsup-file.xlsx');
		expect(finalName('...', 'application/zip')).toBe('selsup-file.zip');
		expect(finalName('  ', 'application/octet-stream')).toBe('selsup-file');
	});
});
