#pragma once
// A non-owning reference to a callable (the idea of C++26's std::function_ref): passing a
// lambda to NodeGroup::receive costs no allocation, unlike std::function, whose small-object
// buffer is too small for a lambda capturing a handful of references. The callable must outlive
// the FunctionRef (pass temporaries only as arguments).
#include <type_traits>
#include <utility>

namespace slae::coordinator {

template <typename Signature>
class FunctionRef;

template <typename R, typename... Args>
class FunctionRef<R(Args...)> {
 public:
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef>>>
  FunctionRef(F&& f) noexcept  // NOLINT: implicit, like std::function
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* object, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(object))(std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

}  // namespace slae::coordinator
