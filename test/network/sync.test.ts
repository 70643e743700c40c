import { defineNetworkSuite } from './networkSuite.ts';

defineNetworkSuite('sync');
