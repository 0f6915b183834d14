/**
 * Every GraphQL operation of the dashboard. Types are generated from apps/server/schema.graphql into lib/gql
 * by `npm run codegen`; nothing here is typed by hand.
 */
import { graphql } from './gql';

export const JobFields = graphql(`
  fragment JobFields on Job {
    id
    kind
    status
    progress
    message
    attempts
    worker
    error {
      code
      message
    }
    createdAt
    startedAt
    finishedAt
    updatedAt
    subjectType
    subjectId
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      role
      name
    }
  }
`);

const MatrixSummaryFields = graphql(`
  fragment MatrixSummaryFields on SimilarityMatrix {
    id
    metric
    source
    status
    size
    offDiagonalMean
    parameters
    models {
      id
    }
    job {
      id
    }
  }
`);

/** What the study list and a study's page both show of a study. */
const StudySummaryFields = graphql(`
  fragment StudySummaryFields on Study {
    id
    name
    status
    createdAt
    finishedAt
    dataset {
      id
      name
    }
    job {
      ...JobFields
    }
    naturalMatrix {
      ...MatrixSummaryFields
    }
    invertedMatrix {
      ...MatrixSummaryFields
    }
  }
`);

/** A model as the study page, the start form and the inversion pages name it: name, eps, architecture. */
const ModelLabelFields = graphql(`
  fragment ModelLabelFields on Model {
    id
    name
    eps
    architecture {
      id
    }
  }
`);

export const StudiesQuery = graphql(`
  query Studies($first: Int!) {
    studies(first: $first) {
      totalCount
      edges {
        node {
          ...StudySummaryFields
          models {
            id
          }
        }
      }
    }
  }
`);

export const StudyQuery = graphql(`
  query Study($id: ID!) {
    study(id: $id) {
      ...StudySummaryFields
      spec
      models {
        ...ModelLabelFields
        norm
      }
    }
    architectures {
      id
    }
  }
`);

/** Other matrices over the study's dataset, for the metric and layer selectors. */
export const DatasetMatricesQuery = graphql(`
  query DatasetMatrices($datasetId: ID!) {
    matrices(first: 100, filter: { datasetId: $datasetId }) {
      edges {
        node {
          ...MatrixSummaryFields
        }
      }
    }
  }
`);

/** One CKA estimator of a cell: its value, interval (and what it covers) and permutation p-value. */
const EstimatorFields = graphql(`
  fragment EstimatorFields on CkaStatistics {
    value
    interval {
      lower
      upper
      level
      groups
      covers
    }
    nullBaseline {
      pValue
      permutations
    }
  }
`);

const CellResultFields = graphql(`
  fragment CellResultFields on SimilarityResult {
    id
    value
    status
    layerA
    layerB
    n
    p
    q
    nullBaseline {
      mean
      std
      pValue
      permutations
    }
    debiased {
      ...EstimatorFields
    }
    biased {
      ...EstimatorFields
    }
  }
`);

export const MatrixCellsQuery = graphql(`
  query MatrixCells($id: ID!) {
    matrix(id: $id) {
      ...MatrixSummaryFields
      significance {
        correction
        alpha
        pValues
        permutations
        tests
        canReject
        distinguishableCount
      }
      cells {
        row
        column
        value
        result {
          ...CellResultFields
        }
        significance {
          adjustedP
          distinguishableFromNull
        }
      }
    }
  }
`);

export const ResultAddedSubscription = graphql(`
  subscription ResultAdded($matrixId: ID!) {
    resultAdded(matrixId: $matrixId) {
      matrixId
      row
      column
      result {
        ...CellResultFields
      }
    }
  }
`);

/** Which matrices are receiving cells right now: a running study learns the ids of the matrices it creates. */
export const MatrixActivitySubscription = graphql(`
  subscription MatrixActivity {
    resultAdded {
      matrixId
    }
  }
`);

const IntervalFields = graphql(`
  fragment IntervalFields on JackknifeInterval {
    lower
    upper
    level
  }
`);

const HeadlineMetricFields = graphql(`
  fragment HeadlineMetricFields on HeadlineMetric {
    mean
    interval {
      ...IntervalFields
    }
  }
`);

const HeadlineFields = graphql(`
  fragment HeadlineFields on Headline {
    cells
    debiased {
      ...HeadlineMetricFields
    }
    biased {
      ...HeadlineMetricFields
    }
  }
`);

const HeadlineBlockFields = graphql(`
  fragment HeadlineBlockFields on HeadlineBlocks {
    paper {
      ...HeadlineFields
    }
    crossArchitecture {
      ...HeadlineFields
    }
    sameArchitecture {
      ...HeadlineFields
    }
  }
`);

const ComparisonFields = graphql(`
  fragment ComparisonFields on HeadlineComparison {
    natural {
      ...HeadlineFields
    }
    inverted {
      ...HeadlineFields
    }
    difference {
      debiased {
        ...HeadlineMetricFields
      }
      biased {
        ...HeadlineMetricFields
      }
    }
  }
`);

/** What a finished study's report adds to its heatmaps: headlines, agreement, STIR and convergence (issues 9, 10). */
export const StudyStatisticsQuery = graphql(`
  query StudyStatistics($id: ID!) {
    study(id: $id) {
      id
      status
      models {
        id
      }
      headlines {
        level
        groups
        debiasedCovers
        biasedCovers
        paper {
          ...ComparisonFields
        }
        crossArchitecture {
          ...ComparisonFields
        }
        sameArchitecture {
          ...ComparisonFields
        }
      }
      agreement {
        target
        seed
        targetOffDiagonalMean
        seedOffDiagonalMean
      }
      stir {
        settings {
          iterations
          stepSize
          batchSize
          noise
          noiseSeed
          fakeRelu
        }
        values
        debiasedValues
        cells {
          row
          column
          n
          debiased {
            ...EstimatorFields
          }
          biased {
            ...EstimatorFields
          }
          significance {
            correction
            alpha
            tests
            pValues
            adjustedP
            distinguishableFromNull
          }
        }
        directions {
          modelAId
          modelBId
          stirBGivenA
          stirAGivenB
        }
        offDiagonalMean {
          value
          debiased
          biased
        }
        headlines {
          ...HeadlineBlockFields
        }
        significance {
          correction
          alpha
          pValues
          permutations
          tests
          distinguishableCount
        }
      }
      convergence {
        iteration
        meanLoss
        offDiagonalMean {
          value
          debiased
          biased
        }
        headlines {
          ...HeadlineBlockFields
        }
      }
    }
  }
`);

const TrendFields = graphql(`
  fragment TrendFields on RobustnessTrend {
    matrixId
    rowSpearman
    columnSpearman
    points {
      modelId
      architectureId
      eps
      rowMean
      columnMean
    }
    architectures {
      architectureId
      models
      rowSpearman
      columnSpearman
    }
  }
`);

const MatrixTrendFields = graphql(`
  fragment MatrixTrendFields on SimilarityMatrix {
    id
    status
    metric
    trend {
      ...TrendFields
    }
  }
`);

export const StudyTrendQuery = graphql(`
  query StudyTrend($id: ID!) {
    study(id: $id) {
      id
      name
      status
      trendAnalysis {
        values
        notes
        robustAccuracyEps
        robustAccuracyNorm
        modelsWithoutRobustAccuracy
        points {
          modelId
          architectureId
          eps
          robustAccuracy
          invertedRowMean
          invertedColumnMean
          naturalRowMean
          naturalColumnMean
        }
        tests {
          measure
          source
          axis
          covariate
          norm
          rho
          pValue
          n
          permutations
          meanSlope
          slopes {
            architectureId
            models
            slope
          }
        }
      }
      naturalMatrix {
        ...MatrixTrendFields
      }
      invertedMatrix {
        ...MatrixTrendFields
      }
    }
  }
`);

export const ModelsQuery = graphql(`
  query Models($filter: ModelFilter) {
    models(first: 100, filter: $filter) {
      totalCount
      edges {
        node {
          id
          name
          status
          origin
          norm
          eps
          cleanAccuracy
          card
          format
          inputShape
          classes
          parameterCount
          architecture {
            id
            family
            origin
            representationSize
          }
          robustness {
            id
            status
            norm
            eps
            accuracy
          }
        }
      }
    }
  }
`);

/** Every architecture, the zoo's and those users named at import: the models page's filter. */
export const ArchitecturesQuery = graphql(`
  query Architectures {
    architectures {
      id
      family
      origin
    }
  }
`);

export const DatasetsQuery = graphql(`
  query Datasets {
    datasets(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          source
          split
          status
          count
          imageShape
          classNames
          classCounts
          contentHash
          imagesStored
          createdAt
        }
      }
    }
  }
`);

/** One dataset's sample grid: the first perClass images of each class, grouped by class. */
export const DatasetSamplesQuery = graphql(`
  query DatasetSamples($id: ID!, $perClass: Int!) {
    dataset(id: $id) {
      id
      name
      status
      classNames
      imagesStored
      samples(perClass: $perClass) {
        perClass
        indices
        labels
        imagesUrl
      }
    }
  }
`);

/** What the inversion list and an inversion's page both show of an inversion. */
const InversionSummaryFields = graphql(`
  fragment InversionSummaryFields on Inversion {
    id
    status
    pairCount
    batchCount
    batchesDone
    progress
    meanFinalLoss
    createdAt
    model {
      ...ModelLabelFields
    }
    dataset {
      id
      name
    }
  }
`);

export const InversionsQuery = graphql(`
  query Inversions($filter: InversionFilter) {
    inversions(first: 100, filter: $filter) {
      totalCount
      edges {
        node {
          ...InversionSummaryFields
        }
      }
    }
  }
`);

export const InversionQuery = graphql(`
  query Inversion($id: ID!) {
    inversion(id: $id) {
      ...InversionSummaryFields
      pairSeed
      lossCurve
      finishedAt
      parameters {
        batchSize
        iterations
        stepSize
        momentum
        eps
        useBest
        fakeRelu
        layer
      }
      dataset {
        classNames
        imagesStored
      }
      # The loss curve's thin lines: the first batches are enough to show the spread.
      batches(count: 64) {
        index
        lossCurve
      }
      job {
        ...JobFields
      }
    }
  }
`);

/** One page of an inversion's gallery: its pairs, the batches holding them, and their seed / target pixels. */
export const InversionPairsQuery = graphql(`
  query InversionPairs($id: ID!, $start: Int!, $count: Int!, $batchStart: Int!, $batchCount: Int!) {
    inversion(id: $id) {
      id
      seedImagesUrl(start: $start, count: $count)
      targetImagesUrl(start: $start, count: $count)
      pairs(start: $start, count: $count) {
        index
        seedIndex
        targetIndex
        seedLabel
        targetLabel
      }
      batches(start: $batchStart, count: $batchCount) {
        index
        imagesUrl
        previewUrl
        losses
        seedLosses
      }
    }
  }
`);

export const JobsQuery = graphql(`
  query Jobs($filter: JobFilter) {
    jobs(first: 100, filter: $filter) {
      totalCount
      edges {
        node {
          ...JobFields
        }
      }
    }
  }
`);

/** One job's current state: LiveJob's fallback for an event the subscription missed. */
export const JobQuery = graphql(`
  query Job($id: ID!) {
    job(id: $id) {
      ...JobFields
    }
  }
`);

export const JobUpdatedSubscription = graphql(`
  subscription JobUpdated($id: ID) {
    jobUpdated(id: $id) {
      ...JobFields
    }
  }
`);

export const CancelJobMutation = graphql(`
  mutation CancelJob($id: ID!) {
    cancelJob(id: $id) {
      ...JobFields
    }
  }
`);

export const StartStudyMutation = graphql(`
  mutation StartStudy($input: StartStudyInput!) {
    startStudy(input: $input) {
      cached
      study {
        id
        name
      }
      job {
        ...JobFields
      }
    }
  }
`);

/** What the start form offers: ready models and datasets, and who may start. */
export const StudyChoicesQuery = graphql(`
  query StudyChoices {
    models(first: 100, filter: { status: READY }) {
      edges {
        node {
          ...ModelLabelFields
          norm
        }
      }
    }
    datasets(first: 100, filter: { status: READY }) {
      edges {
        node {
          id
          name
          count
        }
      }
    }
  }
`);

// Referenced by the documents above; listed so the linter sees them used.
export const fragments = {
  MatrixSummaryFields,
  StudySummaryFields,
  ModelLabelFields,
  InversionSummaryFields,
  EstimatorFields,
  CellResultFields,
  TrendFields,
  MatrixTrendFields,
  IntervalFields,
  HeadlineMetricFields,
  HeadlineFields,
  HeadlineBlockFields,
  ComparisonFields,
};
