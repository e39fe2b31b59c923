export {
  type Eigenvalues,
  type ElementStats,
  type MatrixReport,
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
} from './diagnose.js';
export {
  type GateReport,
  type KernelDiagnosis,
  type LayerDiagnosis,
  diagnoseLayers,
} from './modelDiagnosis.js';
