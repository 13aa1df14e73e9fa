export {
  runSavepointDemo,
  runSavepointScenario,
  type SavepointDemoOutcome,
  type SavepointDemoVariant,
} from './demos/savepoint-demo.js';
