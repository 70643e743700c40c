import { definePresetSuite } from './presetSuite.ts';

definePresetSuite('elastic');
