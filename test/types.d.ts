// Names for the tests' JSDoc types, checked by tsconfig.test.json (`npm test` runs the check).

/**
 * An entry of a node field's `options`: a choice (value, action) or a field of a collection (type,
 * default, typeOptions). n8n types the list as a union of the two, so tests that read either cast to this.
 */
type PropertyEntry = import('n8n-workflow').INodePropertyOptions & import('n8n-workflow').INodeProperties;
