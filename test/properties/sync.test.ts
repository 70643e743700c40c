import { definePresetSuite } from './presetSuite.ts';

definePresetSuite('sync');
