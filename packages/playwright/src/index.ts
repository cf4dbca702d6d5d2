/** @module placeholder until its issue lands */
export const PACKAGE = '@vfido/playwright';
