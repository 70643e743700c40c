import { defineNetworkSuite } from './networkSuite.ts';

defineNetworkSuite('polkadot');
