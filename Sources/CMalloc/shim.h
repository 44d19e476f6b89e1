// glibc's allocator controls (mallopt and its M_* parameters), which Swift's Glibc module
// does not export.
#include <malloc.h>
