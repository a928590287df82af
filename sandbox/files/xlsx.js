'use strict';
/**
 * Minimal .xlsx: the five parts Excel, LibreOffice and SheetJS need, one sheet, inline strings
 * (no sharedStrings.xml, no styles). Rows are arrays of strings and numbers.
 */
const { zip } = require('./zip');

const esc = (s) =>
	String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function column(i) {
	let s = '';
	for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

function sheetXml(rows) {
	const body = rows
		.map((row, r) => {
			const cells = row
				.map((v, c) => {
					const ref = `${column(c)}${r + 1}`;
					if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
					return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
				})
				.join('');
			return `<row r="${r + 1}">${cells}</row>`;
		})
		.join('');
	return (
		'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
		'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
		`<sheetData>${body}</sheetData></worksheet>`
	);
}

function xlsx(sheetName, rows) {
	const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
	const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
	return zip([
		{
			name: '[Content_Types].xml',
			data:
				xml +
				'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
				'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
				'<Default Extension="xml" ContentType="application/xml"/>' +
				'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
				'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
				'</Types>',
		},
		{
			name: '_rels/.rels',
			data:
				xml +
				'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
				`<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/>` +
				'</Relationships>',
		},
		{
			name: 'xl/workbook.xml',
			data:
				xml +
				`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}">` +
				`<sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			data:
				xml +
				'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
				`<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
				'</Relationships>',
		},
		{ name: 'xl/worksheets/sheet1.xml', data: sheetXml(rows) },
	]);
}

module.exports = { xlsx, sheetXml };
