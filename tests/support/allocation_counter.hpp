#pragma once
// Counts calls to the global operator new made by this thread while a counter is alive (the unit
// test binary replaces operator new; see allocation_counter.cpp). For asserting that a hot loop
// allocates nothing.
#include <cstddef>

namespace slae::test {

class AllocationCounter {
 public:
  AllocationCounter();
  ~AllocationCounter();
  AllocationCounter(const AllocationCounter&) = delete;
  AllocationCounter& operator=(const AllocationCounter&) = delete;
  std::size_t count() const;
};

}  // namespace slae::test
