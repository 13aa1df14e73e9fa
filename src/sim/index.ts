export { runSavepointDemo, runSavepointScenario, type SavepointDemoOutcome } from './demos/savepoint-demo.js';
