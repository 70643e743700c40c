import { definePresetSuite } from './presetSuite.ts';

definePresetSuite('small');
