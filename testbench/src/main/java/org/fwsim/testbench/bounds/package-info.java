/**
 * Standing proofs anyone can rerun against the project's own commands: the CA's bounds under many
 * idle connections ({@code ca-bounds}) and the pairing of certificates and keys in saved
 * configurations after a crash ({@code check-pairs}).
 */
package org.fwsim.testbench.bounds;
