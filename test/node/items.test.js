const nock = require('nock');

import { BASE, catchAll, run, setupNock, XLSX_MIME, xlsxBytes } from './support';

setupNock();

const ROUTE = '/api/export/downloadBarcodeOrder';
const incoming = (n) => ({
	json: { orderId: n },
	binary: {
		invoice: { data: Buffer.from(`invoice ${n}`).toString('base64'), mimeType: 'text/plain', fileName: `invoice-${n}.txt` },
	},
});

describe('output items', () => {
	it.each(['default', 'filesystem'])(
		'keep incoming binary properties, put the file where asked, and are paired (%s binary mode)',
		async (binaryMode) => {
			for (const id of [1, 2]) {
				nock(BASE)
					.get(ROUTE)
					.query({ orderId: String(id) })
					.reply(200, xlsxBytes(`order ${id}`), {
						'Content-Type': 'application/octet-stream',
						'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`Заказ ${id}.xlsx`)}`,
					});
			}
			const { hits } = catchAll();
			const result = await run(
				{ resource: 'order', operation: 'downloadBarcodeOrder', orderId: '={{ $json.orderId }}', binaryPropertyName: 'wbFile' },
				{ input: [incoming(1), incoming(2)], binaryMode },
			);
			expect(result.error).toBeUndefined();
			expect(hits).toEqual([]);
			expect(result.items).toHaveLength(2);
			for (const [i, item] of result.items.entries()) {
				expect(item.pairedItem).toEqual({ item: i });
				expect(Object.keys(item.binary ?? {}).sort()).toEqual(['invoice', 'wbFile']);
				expect(item.binary?.invoice).toEqual(incoming(i + 1).binary?.invoice);
				expect(item.binary?.wbFile).toMatchObject({ fileName: `Заказ ${i + 1}.xlsx`, mimeType: XLSX_MIME });
				expect(item.binary?.data).toBeUndefined();
				expect((await result.binaries(i, 'wbFile')).equals(xlsxBytes(`order ${i + 1}`))).toBe(true);
				expect(item.json).toMatchObject({ fileName: `Заказ ${i + 1}.xlsx`, fileSize: xlsxBytes(`order ${i + 1}`).length });
			}
		},
	);

	it('a file in a field of the same name as an incoming one replaces it, others are kept', async () => {
		nock(BASE).get(ROUTE).query({ orderId: '1' }).reply(200, xlsxBytes(), { 'Content-Type': XLSX_MIME });
		const input = incoming(1);
		input.binary.other = { data: Buffer.from('x').toString('base64'), mimeType: 'text/plain' };
		const result = await run(
			{ resource: 'order', operation: 'downloadBarcodeOrder', orderId: '1', binaryPropertyName: 'invoice' },
			{ input: [input] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.invoice).toMatchObject({ mimeType: XLSX_MIME, fileName: 'wildberries-order-1.xlsx' });
		expect(result.items[0].binary?.other).toEqual(input.binary.other);
	});

	it('operations without a file keep the incoming binary and pair every item', async () => {
		for (const id of [1, 2, 3]) {
			nock(BASE)
				.get('/api/task/findTask')
				.query({ id: String(id) })
				.reply(200, { rows: [{ id, status: 'RUNNING' }] });
		}
		const { hits } = catchAll();
		const result = await run(
			{ resource: 'task', operation: 'get', taskId: '={{ $json.orderId }}' },
			{ input: [incoming(1), incoming(2), incoming(3)] },
		);
		expect(result.error).toBeUndefined();
		expect(hits).toEqual([]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items.map((i) => i.json.id)).toEqual([1, 2, 3]);
		result.items.forEach((item, i) => expect(item.binary).toEqual(incoming(i + 1).binary));
	});

	it('an empty binaryPropertyName is bad input, and nothing is sent', async () => {
		const { hits } = catchAll();
		const result = await run({ resource: 'order', operation: 'downloadBarcodeOrder', orderId: '1', binaryPropertyName: ' ' });
		expect(result.error?.message).toBe('Binary Property Name (binaryPropertyName) is required but empty [item 0]');
		expect(hits).toEqual([]);
	});
});
