/**
 * What every layer of the model shares and nothing more: the event log, the tracer that records
 * modeled calls and system calls, and references into the real sources. It holds no model logic.
 */
package io.github.clonepath.common;
