import type { OptionLabels, ParamSpec } from './types';

/** TmsTask statuses. Only FINISHED is success; ERROR, EXCEPTION, INTERRUPTED and STOPPED are failures. */
export const TASK_STATUS: OptionLabels = {
	CREATED: 'Created',
	RUNNING: 'Running',
	FINISHED: 'Finished',
	ERROR: 'Error',
	RESTARTING: 'Restarting',
	INTERRUPTING: 'Being Interrupted',
	INTERRUPTED: 'Interrupted',
	STOPPED: 'Stopped',
	EXCEPTION: 'Exception',
};

/**
 * TmsTask types: what a background task does (exports, marketplace syncs, imports), labelled with the words
 * of its SelSup name (marketplace codes such as WB spelled out, the trailing "TASK" dropped).
 */
export const TASK_TYPE: OptionLabels = {
	WILDBERRIES_CREATE_CARD: 'Wildberries Create Card',
	NATIONAL_CATALOG_CREATE_CARD: 'National Catalog Create Card',
	OZON_CREATE_CARD: 'Ozon Create Card',
	OZON_CARDS_IMPORT: 'Ozon Cards Import',
	IMPORT_FBS_ORDERS: 'Import FBS Orders',
	UPLOAD_PHOTOGRAPHY_TO_WILDBERRIES: 'Upload Photography to Wildberries',
	WILDBERRIES_UPDATE_PRICE: 'Wildberries Update Price',
	WILDBERRIES_CARD_IMPORT: 'Wildberries Card Import',
	WILDBERRIES_CARD_UPDATE: 'Wildberries Card Update',
	SELSUP_STOCKS: 'SelSup Stocks',
	REFRESH_PHOTOGRAPHY: 'Refresh Photography',
	SUPPLYING_QUANTITY_TASK: 'Quantity Being Supplied',
	EXPORT_PRICE: 'Export Price',
	OZON_UPDATE_PRICE: 'Ozon Update Price',
	WILDBERRIES_FILE_TASK: 'Wildberries File',
	YANDEX_MARKET_CARD_CREATE: 'Yandex Market Card Create',
	OZON_CARD_UPDATE_TASK: 'Ozon Card Update',
	OZON_IMPORT_STAT_TASK: 'Ozon Statistics Import',
	WILDBERRIES_PROFIT_STAT_TASK: 'Wildberries Profit Statistics',
	ALIEXPRESS_CREATE_CARD_TASK: 'AliExpress Create Card',
	ALIEXPRESS_UPDATE_CARD_TASK: 'AliExpress Update Card',
	PRICES_IMPORT_TASK: 'Prices Import',
	WILDBERRIES_PRICES_TASK: 'Wildberries Prices',
	YANDEX_MARKET_CARD_IMPORT: 'Yandex Market Card Import',
	STOCKS_UPDATE: 'Stocks Update',
	WILDBERRIES_STOCKS_IMPORT_TASK: 'Wildberries Stocks Import',
	WILDBERRIES_ORDERS_AND_SALES_TASK: 'Wildberries Orders and Sales',
	WILDBERRIES_INCOMES_IMPORT_TASK: 'Wildberries Supplies Import',
	OZON_STOCKS_IMPORT_TASK: 'Ozon Stocks Import',
	TURNOVER_DOCUMENTS_TASK: 'Turnover Documents',
	INTRODUCE_WMS_ITEMS_TASK: 'Introduce WMS Items',
	PRODUCTS_FILE_TASK: 'Products File',
	MODELS_FILE_TASK: 'Models File',
	UPDATE_PRODUCT_CODES_TASK: 'Update Product Codes',
	INTRODUCE_CODES_TASK: 'Introduce Codes',
	PRODUCTS_IMPORT_TASK: 'Products Import',
	PRICES_FILE_TASK: 'Prices File',
	YANDEX_MARKET_UPDATE_PRICE_TASK: 'Yandex Market Update Price',
	IMPORT_STOCKS_TASK: 'Import Stocks',
	MOY_SKLAD_EXPORT_ORDERS: 'MoySklad Export Orders',
	MERGE_PRODUCTS_TASK: 'Merge Products',
	PRODUCTS_WILDBERRIES_EXCEL_IMPORT_TASK: 'Products Wildberries Excel Import',
	MOY_SKLAD_CREATE_CARD: 'MoySklad Create Card',
	IMPORT_FBO_STOCKS_FROM_FILE: 'Import FBO Stocks from File',
	CREATE_WMS_ITEMS: 'Create WMS Items',
	MOY_SKLAD_CARDS_IMPORT: 'MoySklad Cards Import',
	PROMOTION_FILE: 'Promotion File',
	TOCHKA_INIT_STATEMENT: 'Tochka Bank Statement Setup',
	TOCHKA_IMPORT_TRANSACTIONS: 'Tochka Bank Import Transactions',
	PRODUCT_ANALYTICS_FILE_TASK: 'Product Analytics File',
	PROMOTION_RESET_FILE: 'Promotion Reset File',
	MOY_SKLAD_IMPORT_ORDERS: 'MoySklad Import Orders',
	FINANCE_REPORT_FILE_TASK: 'Finance Report File',
	YML_FILE_EXPORT: 'YML File Export',
	PRODUCT_BALANCE_REPORT_FILE_TASK: 'Product Balance Report File',
	CURRENT_PRODUCT_BALANCE_FILE_TASK: 'Current Product Balance File',
	SBER_IMPORT_TRANSACTIONS: 'Sber Import Transactions',
	MATCH_UNREGISTERED_PROFIT_REPORT_TASK: 'Match Unregistered Profit Report',
	UPDATE_AVERAGE_SERVICE_EXPENSES_TASK: 'Update Average Service Expenses',
	YANDEX_MARKET_ORDER_IMPORT_STAT_TASK: 'Yandex Market Order Statistics Import',
	ABC_REPORT_FILE_TASK: 'ABC Report File',
	MODEL_CONTRACTORS_IMPORT: 'Model Contractors Import',
	MODEL_CONTRACTORS_EXPORT: 'Model Contractors Export',
	BANK_TRANSACTION_IMPORT_FILE_TASK: 'Bank Transaction Import File',
	YML_IMPORT_TASK: 'YML Import',
	SALES_DYNAMIC_REPORT_FILE_TASK: 'Sales Dynamic Report File',
	UPDATE_FBS_ORDERS: 'Update FBS Orders',
	EXPORT_TRANSACTION_IN_EXCEL_FILE_TASK: 'Export Transaction in Excel File',
	IMPORT_TRANSACTION_FROM_EXCEL_FILE_TASK: 'Import Transaction from Excel File',
	EXPORT_PROFIT_REPORT_FILE_TASK: 'Export Profit Report File',
	IMPORT_PROFIT_REPORT_FROM_EXCEL_FILE_TASK: 'Import Profit Report from Excel File',
	IMPORT_WILDBERRIES_EXCEL_REALIZATION_REPORT_TASK: 'Import Wildberries Excel Realization Report',
	STOCK_RECONCILIATION: 'Stock Reconciliation',
	ORDER_REPORT_FILE_TASK: 'Order Report File',
	GET_WB_FBO_ORDER_FROM_PROFIT_REPORT_TASK: 'Get Wildberries FBO Order from Profit Report',
	TO_QUANTITY_STORAGE_METHOD: 'To Quantity Storage Method',
	APPLY_RECONCILIATION: 'Apply Reconciliation',
	OZON_IMPORT_FBO_ORDERS_TASK: 'Ozon Import FBO Orders',
	UPDATE_PURCHASE_PRICE_IN_PROFIT_REPORT_TASK: 'Update Purchase Price in Profit Report',
	FBS_LABELS: 'FBS Labels',
	MERGE_PRODUCT_STOCKS: 'Merge Product Stocks',
	CREATE_ORDER_FROM_FILE: 'Create Order from File',
	ALIEXPRESS_CARD_IMPORT: 'AliExpress Card Import',
	PRICE_LIST_IMPORT: 'Price List Import',
	WB_STOCK_REPORT_FILE: 'Wildberries Stock Report File',
	CONTRACTORS_REPORT_FILE: 'Contractors Report File',
	PRODUCTS_SBER_MEGA_MARKET_EXCEL_IMPORT_TASK: 'Products SberMegaMarket Excel Import',
	EXPORT_PROBLEMATIC_PRODUCT_REPORT: 'Export Problematic Product Report',
	PLAN_SUPPLY_REPORT_TASK: 'Plan Supply Report',
	PLAN_FACT_SALES_REPORT_FILE: 'Plan vs Actual Sales Report File',
	IMPORT_PLAN_SALES_FROM_EXCEL_FILE_TASK: 'Import Plan Sales from Excel File',
	EXPORT_PLAN_SALES_EXCEL_FILE_TASK: 'Export Plan Sales Excel File',
	ORDERS_TO_BUY_FILE_TASK: 'Orders to Buy File',
	MERGE_PRICE_ON_OTHER_MP_TASK: 'Merge Price on Other Marketplaces',
	MATCH_PRODUCT_LAST_OPERATION_DATE_TASK: 'Match Product Last Operation Date',
	PROBLEMATIC_PRODUCT_PRICE_FILE_TASK: 'Problematic Product Price File',
	CATEGORIES_IMPORT_EXCEL_TASK: 'Categories Import Excel',
	AVITO_CARD_IMPORT: 'Avito Card Import',
	UPDATE_OLD_WB_ORDER_STATUSES_TASK: 'Update Old Wildberries Order Statuses',
	PRESTA_SHOP_IMPORT_TASK: 'PrestaShop Import',
	PRODUCTS_AVITO_EXCEL_IMPORT_TASK: 'Products Avito Excel Import',
	FBO_STOCK_RECONCILIATION_TASK: 'FBO Stock Reconciliation',
	APPLY_FBO_RECONCILIATION_TASK: 'Apply FBO Reconciliation',
	EXPORT_REPRICE_PRODUCT_CONFIG_TASK: 'Export Reprice Product Config',
	IMPORT_REPRICE_PRODUCT_CONFIG_TASK: 'Import Reprice Product Config',
	OZON_CASH_FLOW_STATEMENT_IMPORT_TASK: 'Ozon Cash Flow Statement Import',
	IMPORT_PROMOTION_STRATEGY_FILE_TASK: 'Import Promotion Strategy File',
	UPDATE_ORDER_DELIVERY_INFO_TASK: 'Update Order Delivery Info',
	BILLING_OPERATION_TASK: 'Billing Operation',
	SET_PURCHASE_PERCENT_TASK: 'Set Purchase Percent',
	REMOVE_PRODUCT_IMAGES_TASK: 'Remove Product Images',
	STRUCTURE_TURNOVER_TASK: 'Structure Turnover',
	OZON_NEW_UPDATE_PRICE: 'Ozon New Update Price',
	REPLACE_PRODUCT_IMAGE_TASK: 'Replace Product Image',
	UPDATE_OZON_PROMOTION_DATA_TASK: 'Update Ozon Promotion Data',
	WILDBERRIES_IMPORT_CAMPAIGN_TASK: 'Wildberries Import Campaign',
	WILDBERRIES_STORAGE_REPORT_TASK: 'Wildberries Storage Report',
	WEBASYST_LINK_ARTICLE_TASK: 'Webasyst Link Article',
	DELIVERY_SERVICE_LABELS: 'Delivery Service Labels',
	HAND_ON_PULSE_FILE_TASK: 'Hand on the Pulse File',
	ITEMS_INCOME_EXCEL_TASK: 'Stock Units Receiving Excel',
	UPDATE_SETS_EXCEL_TASK: 'Update Sets Excel',
	DELETE_PROFIT_REPORTS_BY_FILE_HISTORY_IDS_TASK: 'Delete Profit Reports by File History IDs',
	EXPORT_PRODUCT_SETS_TASK: 'Export Product Sets',
	AMAZON_CARD_IMPORT: 'Amazon Card Import',
	IMPORT_ACCEPTED_PRODUCTS_TASK: 'Import Accepted Products',
	ADD_ORDER_PRODUCT_FROM_FILE_TASK: 'Add Order Product from File',
	EXPORT_ITEM_HISTORY_FILE_TASK: 'Export Item History File',
	WILDBERRIES_IMPORT_CAMPAIGN_BY_EXCEL_TASK: 'Wildberries Import Campaign by Excel',
	REMOVE_CLIENT_ORGANIZATION: 'Remove Client Organization',
	EBAY_CARD_IMPORT_TASK: 'eBay Card Import',
};

/**
 * A SelSup code in the words a seller reads: its label from the map, or for a code the map does not know
 * yet (SelSup adds task types) its words title-cased, a trailing "Task" dropped as in TASK_TYPE.
 */
export function labelOf(labels: OptionLabels, code: unknown): string | undefined {
	if (typeof code !== 'string' || !code) return undefined;
	if (labels[code]) return labels[code];
	// Only SelSup's UPPER_SNAKE codes are spelled out; anything else is shown as it came.
	if (!/^[A-Z0-9]+(_[A-Z0-9]+)*$/.test(code)) return code;
	const words = code.split('_').filter(Boolean).map((w) => w.charAt(0) + w.slice(1).toLowerCase());
	if (words.length > 1 && words[words.length - 1] === 'Task') words.pop();
	return words.join(' ') || code;
}

/** A task status ("ERROR") as the editor's dropdowns show it ("Error"). */
export const taskStatusLabel = (code: unknown) => labelOf(TASK_STATUS, code);
/** A task type ("ABC_REPORT_FILE_TASK") as the editor's dropdowns show it ("ABC Report File"). */
export const taskTypeLabel = (code: unknown) => labelOf(TASK_TYPE, code);

/** SelSup pages findTask with at most this many rows. */
export const TASK_PAGE_LIMIT = 500;

/** Filters of the task list (`GET /api/task/findTask`), under the API's own names. */
export const taskListFilters: ParamSpec[] = [
	{ name: 'status', type: 'options', options: TASK_STATUS, default: 'CREATED', description: 'Task status: FINISHED is success; ERROR, EXCEPTION, INTERRUPTED and STOPPED are failures' },
	{ name: 'types', type: 'options', array: true, options: TASK_TYPE, description: 'Task types: tasks of any of the chosen types are listed' },
	{ name: 'organizationId', type: 'integer', load: 'organizations', description: 'Organization (legal entity) the task belongs to' },
	{ name: 'own', type: 'boolean', description: 'Whether to list only the tasks started by the user of this API token' },
	{ name: 'entityId', type: 'integer', description: 'ID of the object the task works on, such as an order or a supply' },
];

/**
 * What a task operation hands back:
 * - `task`: the task's fields at the top level of the item's JSON;
 * - `taskList`: one item per task, fields at the top level;
 * - `file`: the task's result as binary data, with `task` beside the file's name, type and size.
 */
export type TaskReturns = 'task' | 'taskList' | 'file';

export type TaskOperation = 'get' | 'getMany' | 'wait' | 'download' | 'cancel';

/** One operation of the Task resource: background tasks started earlier, here or in the SelSup cabinet. */
export interface TaskOperationSpec {
	resource: 'task';
	operation: TaskOperation;
	/** English action label shown in the node picker (sentence case). */
	action: string;
	summary: string;
	/** What the operation calls on SelSup, for the README. */
	method: 'GET' | 'POST';
	call: string;
	returns: TaskReturns;
	/** Works on one task given by its ID. */
	taskId?: true;
	/** Offers Simplify: the task's fields are many (26), an agent and most workflows need a few. */
	simplify?: true;
	/** Takes the waiting options (poll interval, timeout, on timeout). */
	waits?: true;
	/** Whether the operation only reads, or changes a task in SelSup: the first words of its tool text. */
	effect: 'reads' | 'changesTask';
	/** What an AI agent reads about the operation when the node is a tool (after its effect). */
	tool: string;
}

/**
 * The fields Simplify keeps, in this order; `statusLabel` and `typeLabel` (the labels of TASK_STATUS and
 * TASK_TYPE) follow `status` and `type`, and `url` is the result's absolute link (tasks/simplify.ts).
 */
export const TASK_SIMPLE_FIELDS = ['id', 'name', 'status', 'type', 'organizationId', 'progress', 'message', 'createdDate', 'finishDate', 'url'] as const;

const FILE_NOTE =
	'The file itself is kept as binary data for the next workflow steps (e-mail, Drive); you only get its description.';

/** The Task resource's operations, in the order the README lists them. */
export const taskOperations: readonly TaskOperationSpec[] = [
	{
		resource: 'task',
		operation: 'get',
		effect: 'reads',
		action: 'Get a task',
		summary: 'Read a task\'s status and progress',
		method: 'GET',
		call: '`/api/task/findTask`',
		returns: 'task',
		taskId: true,
		simplify: true,
		tool: 'Reads one SelSup background task by its id. Use it to check how a task the user names is doing. Returns the task: id, name, status with statusLabel (its words), type with typeLabel, progress (percent), message, createdDate, finishDate.',
	},
	{
		resource: 'task',
		operation: 'getMany',
		effect: 'reads',
		action: 'Get many tasks',
		summary: 'List SelSup background tasks, newest first: exports, marketplace syncs and imports, e.g. the failed ones',
		method: 'GET',
		call: '`/api/task/findTask` (paged)',
		returns: 'taskList',
		simplify: true,
		tool: 'Lists SelSup background tasks (exports, marketplace syncs such as stock or price updates, imports), newest first. Use it to find failed tasks (status ERROR, EXCEPTION, INTERRUPTED or STOPPED), finished ones (FINISHED) or tasks of a type or organization. Returns one JSON object per task: id, name, status and statusLabel, type and typeLabel (the codes in words), organizationId, message (SelSup\'s own text, e.g. why a task failed), createdDate, finishDate and url, an absolute link to the result.',
	},
	{
		resource: 'task',
		operation: 'wait',
		effect: 'reads',
		action: 'Wait for a task',
		summary: 'Wait until a task ends, then download its file',
		method: 'GET',
		call: '`/api/task/findTask` (polled)',
		returns: 'file',
		taskId: true,
		waits: true,
		tool: `Waits until a SelSup background task with the given id ends, then downloads its result. Use it to go on with a task another SelSup tool returned unfinished. Returns JSON with the task and the result file's fileName, mimeType and fileSize, or an error with SelSup's message if the task failed; if the task is still running when the wait's time is up, the task as it stands (id, status, progress) with timedOut: true, and the wait can be called again. ${FILE_NOTE}`,
	},
	{
		resource: 'task',
		operation: 'download',
		effect: 'reads',
		action: 'Download a task result',
		summary: 'Download the file of a finished task',
		method: 'GET',
		call: 'task `url` (or `/files/file?path=<file>`)',
		returns: 'file',
		taskId: true,
		tool: `Downloads the result file of a finished SelSup background task with the given id. Returns JSON with the task and the file's fileName, mimeType and fileSize. ${FILE_NOTE}`,
	},
	{
		resource: 'task',
		operation: 'cancel',
		effect: 'changesTask',
		action: 'Cancel a task',
		summary: 'Stop a running task in SelSup',
		method: 'POST',
		call: '`/api/task/cancelTask`',
		returns: 'task',
		taskId: true,
		tool: 'Cancels a running SelSup background task with the given id. Use it only when the user asks to stop that task. Returns the task with its new status.',
	},
];

export function findTaskOperation(operation: string): TaskOperationSpec | undefined {
	return taskOperations.find((t) => t.operation === operation);
}
