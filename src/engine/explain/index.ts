export { checkFlow, type AssumedResult, type ExampleUser, type FlowCheck, type FlowCheckInput, type FlowCheckStep } from './flow-check';
export { describeFlow, type PluginName } from './flow-words';
