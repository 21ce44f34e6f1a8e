order-processing = ⏳ অর্ডার { $reference }: { $target }-এর জন্য { $product } প্রক্রিয়াধীন রয়েছে।
order-success = ✅ অর্ডার { $reference }: { $target }-এর জন্য { $product } সম্পন্ন হয়েছে।
order-serial = সিরিয়াল নম্বর / টোকেন: { $serial }
order-failed = ❌ অর্ডার { $reference }: { $target }-এর জন্য { $product } ব্যর্থ হয়েছে। { $price } আপনার ওয়ালেটে ফেরত দেওয়া হয়েছে।
order-refunded = ↩️ অর্ডার { $reference }: প্রোভাইডার { $target }-এর জন্য { $product } বাতিল করেছে। { $price } আপনার ওয়ালেটে ফেরত দেওয়া হয়েছে।
alert-refunded = ⚠️ অ্যাডমিন: অর্ডার { $reference } ({ $provider }) সফল হওয়ার পরে প্রোভাইডার সেটি বাতিল করেছে; গ্রাহক { $price } ফেরত পেয়েছেন।
alert-review = ⚠️ অ্যাডমিন: সময়সীমা পেরিয়ে যাওয়ার পরেও অর্ডার { $reference } ({ $provider })-এর ফলাফল অজানা, এটি পর্যালোচনা করা দরকার।
alert-success-after-refund = ⚠️ অ্যাডমিন: প্রোভাইডার জানাচ্ছে অর্ডার { $reference } ({ $provider }) ডেলিভার হয়েছে, কিন্তু এটি আগেই রিফান্ড করা হয়েছে ({ $price })।
