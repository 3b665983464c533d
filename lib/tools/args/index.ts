export { type OptionSpec, optionsHelp, type ParsedArgs, parseCommandLine, quoted, UsageError } from "./options";
export { byteSize, oneOf, positiveSeconds, wholeNumber } from "./validators";
