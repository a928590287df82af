import type { RouteSpec } from './types';

/** Routes of the `supply` resource, as in SelSup's export API reference. */
export const supplyRoutes: RouteSpec[] = [
	{
		resource: 'supply',
		operation: 'ozonContainerLabels',
		method: 'GET',
		path: '/api/export/ozon/container-labels',
		referenceTitle: 'Получение этикеток грузового места Ozon',
		action: 'Download Ozon container labels',
		summary: 'PDF with the cargo place (container) labels of an Ozon supply',
		returns: 'file',
		fileName: 'ozon-container-labels-{supplyId}.pdf',
		query: [
			{ name: 'supplyId', type: 'integer', required: true, pick: 'supply', pickService: 'OZON', description: 'ID of the Ozon supply in SelSup' },
		],
	},
	{
		resource: 'supply',
		operation: 'supplyPrintTTN',
		method: 'GET',
		path: '/api/export/supplyPrintTTN',
		referenceTitle: 'Excel для печати ТТН',
		action: 'Download waybill for printing',
		summary: 'Excel waybill (TTN) of a delivery, for printing',
		returns: 'file',
		fileName: 'waybill-{deliveryId}.xlsx',
		query: [
			{ name: 'deliveryId', type: 'integer', required: true, description: 'ID of the delivery (shipment) in SelSup' },
		],
	},
	{
		resource: 'supply',
		operation: 'wildberriesTTN',
		method: 'GET',
		path: '/api/export/wildberriesTTN',
		referenceTitle: 'ЭДО файл ТТН',
		action: 'Download EDO waybill',
		summary: 'XML waybill (TTN) of a delivery for electronic document exchange (EDO)',
		returns: 'file',
		fileName: 'waybill-{deliveryId}.xml',
		query: [
			{ name: 'deliveryId', type: 'integer', required: true, description: 'ID of the delivery (shipment) in SelSup' },
		],
	},
];
