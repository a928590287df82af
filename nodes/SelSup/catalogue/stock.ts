import type { RouteSpec } from './types';
import { SERVICES } from './enums';

/** Routes of the `stock` resource, as in SelSup's export API reference. */
export const stockRoutes: RouteSpec[] = [
	{
		resource: 'stock',
		operation: 'downloadStocksWb',
		method: 'GET',
		path: '/api/export/downloadStocksWb',
		referenceTitle: 'Excel файл для обновления остатков',
		action: 'Download Wildberries stock update file',
		summary: 'Excel file for uploading stock of an order to Wildberries',
		returns: 'file',
		fileName: 'wildberries-stocks-{orderId}.xlsx',
		query: [
			{ name: 'orderId', type: 'integer', required: true, pick: 'order', pickService: 'WILDBERRIES', description: 'ID of the SelSup order' },
		],
	},
	{
		resource: 'stock',
		operation: 'serviceStocks',
		method: 'GET',
		path: '/api/export/serviceStocks',
		referenceTitle: 'Excel с текущими остатками на маркетплейсах',
		action: 'Download current marketplace stock',
		summary: 'Excel file with the current stock on a marketplace, for updating stock in SelSup',
		returns: 'file',
		fileName: 'marketplace-stocks-{service}.xlsx',
		query: [
			{ name: 'organizationId', type: 'integer', required: true, load: 'organizations', description: 'Organization (legal entity) in your SelSup account' },
			{ name: 'service', type: 'options', required: true, options: SERVICES, default: 'WILDBERRIES', ordered: true, description: 'Marketplace or system whose current stock goes into the file' },
		],
	},
	{
		resource: 'stock',
		operation: 'stocks',
		method: 'GET',
		path: '/api/export/stocks',
		referenceTitle: 'Excel для обновления остатков',
		action: 'Download stock update file',
		summary: 'Excel file for updating stock on a marketplace',
		returns: 'file',
		fileName: 'stocks-{service}.xlsx',
		query: [
			{ name: 'organizationId', type: 'integer', required: true, load: 'organizations', description: 'Organization (legal entity) in your SelSup account' },
			{ name: 'service', type: 'options', required: true, options: SERVICES, default: 'WILDBERRIES', ordered: true, description: 'Marketplace or system the stock update file is made for' },
		],
	},
	{
		resource: 'stock',
		operation: 'stocksFile',
		method: 'POST',
		path: '/api/export/stocksFile',
		referenceTitle: 'Excel с остатками товаров',
		action: 'Export stock to Excel',
		summary: 'Excel file with the stock of products (background task)',
		returns: 'task',
		fileName: 'stocks.xlsx',
		query: [
			{ name: 'warehouseId', type: 'integer', load: 'warehouses', description: 'Warehouse in your SelSup account' },
			{ name: 'byCell', type: 'boolean', description: 'Whether to export stock by storage cell' },
		],
	},
];
