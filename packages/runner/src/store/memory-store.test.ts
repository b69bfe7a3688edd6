import { runStoreContract } from '../testing/index.js';
import { InMemoryResultsStore } from './memory-store.js';

runStoreContract('InMemoryResultsStore', async () => new InMemoryResultsStore());
