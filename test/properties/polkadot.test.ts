import { definePresetSuite } from './presetSuite.ts';

definePresetSuite('polkadot');
