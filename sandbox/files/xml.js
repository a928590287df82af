'use strict';
/** UTF-8 XML shaped like the EDO (ЭДО) documents SelSup hands out: a waybill and an invoice. */

const esc = (s) =>
	String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function edoDocument(kind, id, rows) {
	const [header, ...items] = rows;
	const title = kind === 'waybill' ? 'Транспортная накладная' : 'Универсальный передаточный документ';
	const lines = items
		.map((row, n) => {
			const attrs = header.map((h, i) => `${attrName(h)}="${esc(row[i])}"`).join(' ');
			return `\t\t<СведТов НомСтр="${n + 1}" ${attrs}/>`;
		})
		.join('\n');
	return Buffer.from(
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
			`<Файл ИдФайл="${kind === 'waybill' ? 'ON_TRNACLGROT' : 'ON_NSCHFDOPPR'}_${id}" ВерсФорм="5.01" ВерсПрог="SelSup sandbox">\n` +
			`\t<Документ КНД="1115131" Номер="${esc(id)}" Дата="01.03.2024" Название="${title}">\n` +
			'\t\t<Продавец Наименование="ООО Ромашка" ИНН="7701234567"/>\n' +
			`${lines}\n` +
			'\t</Документ>\n' +
			'</Файл>\n',
		'utf8',
	);
}

// XML names may not contain spaces or commas.
const attrName = (h) => h.replace(/[^\p{L}\p{N}_]/gu, '');

module.exports = { edoDocument };
