import { defineNetworkSuite } from './networkSuite.ts';

defineNetworkSuite('elastic');
