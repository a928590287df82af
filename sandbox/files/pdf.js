'use strict';
/**
 * A small valid PDF: one page per label, Helvetica text, exact xref offsets. The text is ASCII
 * because the standard fonts have no Cyrillic; the supply id is on every page so tests can find it.
 */

function pdf(pages) {
	const objects = [];
	const add = (body) => objects.push(body) && objects.length;
	const catalog = add(null);
	const pageTree = add(null);
	const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
	const kids = pages.map((lines) => {
		const text = lines
			.map((line, i) => `BT /F1 ${i ? 12 : 18} Tf 20 ${250 - i * 28} Td (${line.replace(/[()\\]/g, '\\$&')}) Tj ET`)
			.join('\n');
		const content = add(`<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`);
		// 100 x 100 mm label.
		return add(
			`<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 283 283] ` +
				`/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
		);
	});
	objects[catalog - 1] = `<< /Type /Catalog /Pages ${pageTree} 0 R >>`;
	objects[pageTree - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

	let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets = [];
	objects.forEach((body, i) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
	out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

/** Ozon cargo-place labels for a supply. */
function containerLabels(supplyId, count) {
	const pages = [];
	for (let i = 1; i <= count; i++) {
		pages.push([
			'OZON',
			`Supply ${supplyId}`,
			`Cargo place ${i} of ${count}`,
			`Barcode OZN${supplyId}${String(i).padStart(3, '0')}`,
		]);
	}
	return pdf(pages);
}

module.exports = { pdf, containerLabels };
