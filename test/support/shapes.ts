// Kept for existing imports: the shapes and datastores are part of the one shared matrix, test/support/matrix.ts.
export { DATASTORES, NODE_GROUP_SHAPES } from './matrix';
