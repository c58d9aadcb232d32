/** What the subcommands share. */
package io.github.clonepath.cli.support;
