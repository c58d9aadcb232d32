/**
 * The scenarios behind the walkthroughs and pictures: small programs run on a fresh machine through
 * the layers' doors only, shared by the {@code walk} topics and the {@code diagram} kinds.
 */
package io.github.clonepath.lab.scenario;
