import type { RouteSpec } from './types';

/** Routes of the `image` resource, as in SelSup's export API reference. */
export const imageRoutes: RouteSpec[] = [
	{
		resource: 'image',
		operation: 'getSupplyImagesToWildberries',
		method: 'GET',
		path: '/api/export/getSupplyImagesToWildberries',
		title: 'Файл с фотографиями Вайлдбериз для заказа',
		action: 'Download Wildberries images of an order',
		summary: 'ZIP archive of the photos of an order, for uploading to Wildberries',
		returns: 'file',
		fileName: 'wildberries-images-{orderId}.zip',
		query: [
			{ name: 'orderId', type: 'integer', required: true, description: 'Идентификатор заказа' },
		],
	},
	{
		resource: 'image',
		operation: 'ozonImagesByView',
		method: 'GET',
		path: '/api/export/ozonImagesByView',
		title: 'Архив с изображениями товаров для Ozon',
		action: 'Download Ozon images by views',
		summary: 'ZIP archive of product images by view (colour), for uploading to Ozon',
		returns: 'file',
		fileName: 'ozon-images.zip',
		query: [
			{ name: 'viewIds', type: 'integer', array: true, required: true, description: 'Параметр viewIds' },
		],
	},
	{
		resource: 'image',
		operation: 'uploadImagesToWildberries',
		writes: true,
		method: 'POST',
		path: '/api/export/uploadImagesToWildberries',
		title: 'Загрузка фотографий на Вайлдбериз',
		action: 'Upload images to Wildberries',
		summary: 'Upload the photos of a photo session to Wildberries (background task)',
		returns: 'task',
		fileName: 'wildberries-upload.xlsx',
		query: [
			{ name: 'photographyId', type: 'integer', required: true, description: 'Идентификатор фотосессии' },
			{ name: 'override', type: 'boolean', description: 'Перезаписать уже существующие фотографии в карточке' },
			{ name: 'useLinks', type: 'boolean', description: 'Использовать ссылки в качестве уже существующих фотографий' },
		],
	},
	{
		resource: 'image',
		operation: 'wildberriesImages',
		method: 'GET',
		path: '/api/export/wildberriesImages',
		title: 'Архив картинок Вайлдбериз для фотосессии',
		action: 'Download Wildberries images of a photo session',
		summary: 'ZIP archive of the images of a photo session, one folder per Wildberries card',
		returns: 'file',
		fileName: 'wildberries-images-{photographyId}.zip',
		query: [
			{ name: 'photographyId', type: 'integer', required: true, description: 'Идентификатор фотосессии' },
			{ name: 'organizationId', type: 'integer', required: true, load: 'organizations', description: 'Организация для которой выбрать изображения' },
		],
	},
	{
		resource: 'image',
		operation: 'wildberriesImagesByView',
		method: 'GET',
		path: '/api/export/wildberriesImagesByView',
		title: 'Архив с изображениями товаров для Вайлдбериз',
		action: 'Download Wildberries images by views',
		summary: 'ZIP archive of product images by view (colour), for uploading to Wildberries',
		returns: 'file',
		fileName: 'wildberries-images.zip',
		query: [
			{ name: 'viewIds', type: 'integer', array: true, required: true, description: 'Параметр viewIds' },
		],
	},
];
