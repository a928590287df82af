import type { RouteSpec } from './types';

/** Routes of the `image` resource, as in SelSup's export API reference. */
export const imageRoutes: RouteSpec[] = [
	{
		resource: 'image',
		operation: 'getSupplyImagesToWildberries',
		method: 'GET',
		path: '/api/export/getSupplyImagesToWildberries',
		referenceTitle: 'Файл с фотографиями Вайлдбериз для заказа',
		action: 'Download Wildberries images of an order',
		summary: 'ZIP archive of the photos of an order, for uploading to Wildberries',
		returns: 'file',
		fileName: 'wildberries-images-{orderId}.zip',
		query: [
			{ name: 'orderId', type: 'integer', required: true, pick: 'order', pickService: 'WILDBERRIES', description: 'ID of the SelSup order' },
		],
	},
	{
		resource: 'image',
		operation: 'ozonImagesByView',
		method: 'GET',
		path: '/api/export/ozonImagesByView',
		referenceTitle: 'Архив с изображениями товаров для Ozon',
		action: 'Download Ozon images by views',
		summary: 'ZIP archive of product images by view (colour), for uploading to Ozon',
		returns: 'file',
		fileName: 'ozon-images.zip',
		query: [
			{ name: 'viewIds', type: 'integer', array: true, required: true, description: 'IDs of product views (colours)' },
		],
	},
	{
		resource: 'image',
		operation: 'uploadImagesToWildberries',
		writes: true,
		method: 'POST',
		path: '/api/export/uploadImagesToWildberries',
		referenceTitle: 'Загрузка фотографий на Вайлдбериз',
		action: 'Upload images to Wildberries',
		summary: 'Upload the photos of a photo session to Wildberries (background task)',
		returns: 'task',
		fileName: 'wildberries-upload.xlsx',
		query: [
			{ name: 'photographyId', label: 'Photo Session', type: 'integer', required: true, pick: 'photoSession', description: 'The photo session in SelSup (its API calls it a photography)' },
			{ name: 'override', type: 'boolean', description: 'Whether to replace the photos already on the card' },
			{ name: 'useLinks', type: 'boolean', description: 'Whether to use links to the photos already on the card' },
		],
	},
	{
		resource: 'image',
		operation: 'wildberriesImages',
		method: 'GET',
		path: '/api/export/wildberriesImages',
		referenceTitle: 'Архив картинок Вайлдбериз для фотосессии',
		action: 'Download Wildberries images of a photo session',
		summary: 'ZIP archive of the images of a photo session, one folder per Wildberries card',
		returns: 'file',
		fileName: 'wildberries-images-{photographyId}.zip',
		query: [
			{ name: 'photographyId', label: 'Photo Session', type: 'integer', required: true, pick: 'photoSession', description: 'The photo session in SelSup (its API calls it a photography)' },
			{ name: 'organizationId', type: 'integer', required: true, load: 'organizations', description: 'Organization whose images to take' },
		],
	},
	{
		resource: 'image',
		operation: 'wildberriesImagesByView',
		method: 'GET',
		path: '/api/export/wildberriesImagesByView',
		referenceTitle: 'Архив с изображениями товаров для Вайлдбериз',
		action: 'Download Wildberries images by views',
		summary: 'ZIP archive of product images by view (colour), for uploading to Wildberries',
		returns: 'file',
		fileName: 'wildberries-images.zip',
		query: [
			{ name: 'viewIds', type: 'integer', array: true, required: true, description: 'IDs of product views (colours)' },
		],
	},
];
