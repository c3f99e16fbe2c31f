/**
 * The training run that the image build makes an AOT cache from (JDK 25, JEP 514 and 515): the gateway serving
 * a representative workload, so that a new replica starts with its classes loaded and linked and its hot
 * methods' profiles known, instead of spending its first thousands of calls on class loading and the JIT.
 */
@NullMarked
package io.github.mcpplatform.gateway.training;

import org.jspecify.annotations.NullMarked;
