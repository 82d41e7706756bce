/**
 * Certificate stores and key material of a simulated appliance: local, CA and CRL entries kept as
 * immutable snapshots per VDOM (and one global scope), chain trust checks, and key generation with
 * an optional pool of keys made ahead.
 */
package org.fwsim.hal.pki;
