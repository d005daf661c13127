/**
 * The execution model of a cold migration as pure logic: per-VM itineraries ({@link
 * dev.convoy.plans.execution.VmItinerary}), bounded admission per source host, datastore and target
 * storage ({@link dev.convoy.plans.execution.Admission}), wave order ({@link
 * dev.convoy.plans.execution.MigrationRound}) and the pre-flight of a wave against assessment
 * findings and the target's capacity and quotas ({@link dev.convoy.plans.execution.Preflight} over
 * a {@link dev.convoy.plans.execution.TargetSnapshot}). These take the recorded state and what the
 * executor observed and return the next state plus the actions to take; they never call vSphere or
 * Kubernetes. The executor persists the returned state before it performs the actions, so a restart
 * at any moment repeats at most idempotent actions.
 *
 * <p>It lives in migration-plans because both executors can use it from here: the operator (which
 * depends on this module, not on the importer) and the CLI in the importer.
 */
package dev.convoy.plans.execution;
