// UtfallPipeline
//
// The run: pipeline files, stages, locking, atomic publish, manifests. Calls read, analyze and 
// write.
