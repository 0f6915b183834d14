/**
 * The statistics of a finished study (issues 9, 10), read from its report: like-for-like headlines, the trend
 * tests, prediction agreement, STIR and convergence. Each is null until the study is READY (and for reports
 * written before schema 2), and final once it is: answers about a READY study stay cacheable.
 */
import { STUDY_REPORT_SCHEMA, type StudyReport } from '@simlab/compute';
import type { GraphQLResolveInfo } from 'graphql';
import { FieldResolver, Info, Resolver, Root } from 'type-graphql';
import {
  toAgreementMatrix,
  toConvergence,
  toStudyHeadlines,
  toStudyStir,
} from '../db/study-report.mapper.js';
import { toStudyTrend } from '../db/study-trend.mapper.js';
import { AgreementMatrix } from '../schema/agreement-matrix.type.js';
import { ConvergencePoint } from '../schema/convergence-point.type.js';
import { Study } from '../schema/study.type.js';
import { StudyHeadlines } from '../schema/study-headlines.type.js';
import { StudyStir } from '../schema/study-stir.type.js';
import { StudyTrend } from '../schema/study-trend.type.js';
import { hintFinal } from './cache-hint.js';

/** The study's report when READY and of the current schema; hints the field final exactly then. */
function reportOf(study: Study, info: GraphQLResolveInfo): StudyReport | null {
  const ready = study.status === 'READY';
  hintFinal(info, ready);
  const report = study.report as unknown as StudyReport | null;
  return ready && report?.schema === STUDY_REPORT_SCHEMA ? report : null;
}

@Resolver(() => Study)
export class StudyStatisticsResolver {
  @FieldResolver(() => StudyHeadlines, {
    nullable: true,
    description:
      "Like-for-like off-diagonal means with intervals: (a) the paper's comparison, (b) all cross-architecture " +
      'cells, (c) same-architecture cells; natural, inverted and their paired difference, debiased and biased. ' +
      'Null until READY and for rbf and minibatch CKA.',
  })
  headlines(@Root() study: Study, @Info() info: GraphQLResolveInfo): StudyHeadlines | null {
    const report = reportOf(study, info);
    return report?.headlines ? toStudyHeadlines(report.headlines, report.pairs.count) : null;
  }

  @FieldResolver(() => StudyTrend, {
    nullable: true,
    description:
      'Robustness (training eps and measured robust accuracy) against mean similarity to other architectures, ' +
      'with permutation trend tests and per-architecture slopes (SPEC §6). Null until READY.',
  })
  trendAnalysis(@Root() study: Study, @Info() info: GraphQLResolveInfo): StudyTrend | null {
    const report = reportOf(study, info);
    return report ? toStudyTrend(report, study.modelIds) : null;
  }

  @FieldResolver(() => AgreementMatrix, {
    nullable: true,
    description: 'Prediction agreement on the inverted images, beside CKA (SPEC §5). Null until READY.',
  })
  agreement(@Root() study: Study, @Info() info: GraphQLResolveInfo): AgreementMatrix | null {
    const report = reportOf(study, info);
    return report ? toAgreementMatrix(report.agreement) : null;
  }

  @FieldResolver(() => StudyStir, {
    nullable: true,
    description:
      'STIR, both directions of every pair (SPEC §5). Null until READY and for studies without it.',
  })
  stir(@Root() study: Study, @Info() info: GraphQLResolveInfo): StudyStir | null {
    const report = reportOf(study, info);
    return report ? toStudyStir(report, study.modelIds) : null;
  }

  @FieldResolver(() => [ConvergencePoint], {
    nullable: true,
    description:
      'The inverted matrix at each convergence checkpoint, then at the last iteration (issue 10). Null until ' +
      'READY; empty for studies without checkpoints.',
  })
  convergence(@Root() study: Study, @Info() info: GraphQLResolveInfo): ConvergencePoint[] | null {
    const report = reportOf(study, info);
    return report ? toConvergence(report) : null;
  }
}
