export { option } from "./common";
export {
  type OptionSpec,
  optionsHelp,
  type ParsedArgs,
  parseCommandLine,
  parseOrExit,
  quoted,
  UsageError,
  usageError,
} from "./options";
export { byteSize, oneOf, positiveSeconds, wholeNumber } from "./validators";
