// The public surface of grading (re-exported by `dl4nlp/tools`): student versions, and grading a class.
export { assignFile, studentVersion } from "./assign";
export {
  type GradeAllOptions,
  type GradeAllSummary,
  gradeAll,
  listSubmissions,
  type Skipped,
  type Submission,
  type SubmissionList,
} from "./grade-all";
export type { StudentResult, TestResult, TestStatus } from "./grade-one";
