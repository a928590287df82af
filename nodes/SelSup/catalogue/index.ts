import { financeRoutes } from './finance';
import { imageRoutes } from './image';
import { integrationRoutes } from './integration';
import { orderRoutes } from './order';
import { productRoutes } from './product';
import { referenceRoutes } from './reference';
import { stockRoutes } from './stock';
import { supplyRoutes } from './supply';
import type { Resource, RouteSpec } from './types';

export * from './types';
export { commonProductFilters, productFilterFields } from './productFilter';

/**
 * What the SelSup entry of n8n's nodes panel says. n8n merges a node and its trigger into one entry and
 * gives it the trigger's description (editor-ui generateMergedNodesAndActions: app.description =
 * trigger.description, 1.123 and 2.41 alike), so both nodes carry this one text; the trigger's own purpose
 * is in its name, subtitle and events.
 */
export const SELSUP_DESCRIPTION = 'Export files from SelSup: products, stock, orders, supplies, images, finance';

/** Every export route, in the order the node lists its resources. */
export const routes: readonly RouteSpec[] = [
	...productRoutes,
	...stockRoutes,
	...orderRoutes,
	...supplyRoutes,
	...imageRoutes,
	...financeRoutes,
	...referenceRoutes,
	...integrationRoutes,
];

/** `defaultOperation`: the operation a resource opens with, written here; one that changes nothing on a marketplace. */
export const resources: ReadonlyArray<{ value: Resource | 'task'; name: string; description: string; defaultOperation: string }> = [
	{ value: 'product', name: 'Product', description: 'Exports of products, models and sets', defaultOperation: 'getModelsFile' },
	{ value: 'stock', name: 'Stock', description: 'Stock files for SelSup and the marketplaces', defaultOperation: 'serviceStocks' },
	{ value: 'order', name: 'Order', description: 'Order documents, labels and exports', defaultOperation: 'getAcceptedProductsAct' },
	{ value: 'supply', name: 'Supply', description: 'Supply labels and waybills', defaultOperation: 'wildberriesTTN' },
	{ value: 'image', name: 'Image', description: 'Product photo archives and uploads', defaultOperation: 'ozonImagesByView' },
	{ value: 'finance', name: 'Finance', description: 'Settlements with suppliers', defaultOperation: 'exportStructureTurnoverByContractorId' },
	{ value: 'reference', name: 'Reference', description: 'Import samples and lists', defaultOperation: 'brandsFile' },
	{ value: 'integration', name: 'Integration', description: 'CommerceML site check', defaultOperation: 'checkCommerceMlAuth' },
	{ value: 'task', name: 'Task', description: 'Background tasks started earlier, here or in the SelSup cabinet', defaultOperation: 'get' },
];

const byKey = new Map(routes.map((r) => [`${r.resource}:${r.operation}`, r]));

export function findRoute(resource: string, operation: string): RouteSpec | undefined {
	return byKey.get(`${resource}:${operation}`);
}

/** A route starts work on SelSup when calling it twice could start two exports. */
export function startsWork(route: RouteSpec): boolean {
	return route.returns === 'task' || route.startsWork === true;
}
export {
	findTaskOperation,
	labelOf,
	TASK_PAGE_LIMIT,
	TASK_SIMPLE_FIELDS,
	TASK_STATUS,
	TASK_TYPE,
	taskListFilters,
	taskOperations,
	taskStatusLabel,
	taskTypeLabel,
} from './task';
export type { TaskOperation, TaskOperationSpec, TaskReturns } from './task';
export { MAX_WAIT_TIMEOUT_S, TOOL_WAIT_DEFAULTS, WAIT_DEFAULTS } from './wait';
export type { OnTimeout } from './wait';
