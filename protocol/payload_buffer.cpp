#include "protocol/payload_buffer.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <thread>

namespace slae::protocol {

struct PayloadBuffer::Storage {
  std::atomic<int> references{1};  // the owner, plus ZeroMQ while lent
  std::atomic<bool> lent{false};
  std::byte* memory = nullptr;  // kHeadroom bytes, then the values
  std::size_t doubles = 0;
};

namespace {

constexpr std::size_t kAlignment = 64;

PayloadBuffer::Storage* allocate(std::size_t doubles) {
  const std::size_t bytes = PayloadBuffer::kHeadroom + doubles * sizeof(double);
  const std::size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  auto* memory = static_cast<std::byte*>(std::aligned_alloc(kAlignment, rounded));
  if (!memory) throw std::bad_alloc();
  std::memset(memory, 0, rounded);  // touch every page now, not in the first iteration
  auto* s = new PayloadBuffer::Storage;
  s->memory = memory;
  s->doubles = doubles;
  return s;
}

void drop(PayloadBuffer::Storage* s) {
  if (s && s->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    std::free(s->memory);
    delete s;
  }
}

}  // namespace

PayloadBuffer::PayloadBuffer(std::size_t doubles) : storage_(allocate(doubles)) {}

PayloadBuffer::~PayloadBuffer() {
  drop(storage_);
}

PayloadBuffer::PayloadBuffer(PayloadBuffer&& other) noexcept : storage_(other.storage_) {
  other.storage_ = nullptr;
}

PayloadBuffer& PayloadBuffer::operator=(PayloadBuffer&& other) noexcept {
  if (this != &other) {
    drop(storage_);
    storage_ = other.storage_;
    other.storage_ = nullptr;
  }
  return *this;
}

std::span<double> PayloadBuffer::values() {
  if (!storage_) return {};
  return {reinterpret_cast<double*>(storage_->memory + kHeadroom), storage_->doubles};
}

std::span<const double> PayloadBuffer::values() const {
  if (!storage_) return {};
  return {reinterpret_cast<const double*>(storage_->memory + kHeadroom), storage_->doubles};
}

std::size_t PayloadBuffer::size() const {
  return storage_ ? storage_->doubles : 0;
}

bool PayloadBuffer::in_flight() const {
  return storage_ && storage_->lent.load(std::memory_order_acquire);
}

void PayloadBuffer::wait_until_free() const {
  while (in_flight())
    std::this_thread::yield();
}

std::byte* PayloadBuffer::frame_start(std::size_t prefix_size) {
  if (!storage_ || prefix_size > kHeadroom) throw std::logic_error("PayloadBuffer: no room");
  return storage_->memory + kHeadroom - prefix_size;
}

void* PayloadBuffer::lend() {
  if (!storage_ || storage_->lent.exchange(true, std::memory_order_acq_rel)) {
    throw std::logic_error("PayloadBuffer: lent twice; call wait_until_free() before reusing it");
  }
  storage_->references.fetch_add(1, std::memory_order_relaxed);
  return storage_;
}

void PayloadBuffer::release(void*, void* hint) {
  auto* s = static_cast<Storage*>(hint);
  s->lent.store(false, std::memory_order_release);
  drop(s);
}

}  // namespace slae::protocol
