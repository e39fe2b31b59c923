export {
  type Eigenvalues,
  type ElementStats,
  type MatrixReport,
  type MatrixReportOptions,
  type ReportPhase,
  REPORT_PHASES,
  matrixReport,
  elementStats,
  sortedEigenvalues,
} from './matrixReport.js';
export {
  type GateMode,
  type DiagnoseOptions,
  type GateDiagnosis,
  type TensorDiagnosis,
  diagnoseTensors,
  gateLayoutFits,
  inferGateLayout,
} from './diagnose.js';
export {
  type GateReport,
  type KernelDiagnosis,
  type LayerDiagnosis,
  diagnoseLayers,
} from './modelDiagnosis.js';
