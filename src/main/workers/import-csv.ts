import { runImportJob, type ImportJobProgress, type ImportJobResult } from '../services/datasets/import';
import { runWorker } from './runtime';

/**
 * Worker entry: imports one CSV file into a new SQLite data file (see `importCsv`). Input:
 * `ImportJobInput`; result: `ImportJobResult`; progress: `ImportJobProgress`.
 */
runWorker<unknown, ImportJobResult, ImportJobProgress>(runImportJob);
